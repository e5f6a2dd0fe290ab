"""Write an SSDA903 return as the DfE's CSV files, one per table, into a folder.

All files are written into a temporary folder and moved into place together, so a failure
never leaves half a return behind.
"""

from __future__ import annotations

from pathlib import Path

from opencsc.returns.data import ReturnData
from opencsc.returns.files import atomic_dir
from opencsc.returns.ssda903.schema import FILE_NAMES


def write_903(data: ReturnData, out_dir: Path) -> list[Path]:
    if data.kind != "903":
        raise ValueError("write_903 needs an SSDA903 return")
    written: list[Path] = []
    with atomic_dir(out_dir) as tmp:
        for name, table in data.schema.items():
            if not data.has(name):
                continue
            frame = data.raw[name].select(list(table.names))
            frame.write_csv(tmp / FILE_NAMES[name])
            written.append(out_dir / FILE_NAMES[name])
    return written
