// Warn two minutes before the session runs out, and let the worker stay signed in.
// Without JavaScript the phase banner says how long a session lasts, and drafts keep typed work.
// The time of the last activity is shared between tabs (localStorage), so a worker busy in one
// tab is not warned, or sent to sign in, by another.
(function () {
  "use strict";
  var dialog = document.getElementById("opencsc-timeout");
  if (!dialog || typeof dialog.showModal !== "function" || !window.fetch || !window.FormData) return;

  var sessionSeconds = parseInt(dialog.getAttribute("data-session-seconds"), 10);
  var warnSeconds = parseInt(dialog.getAttribute("data-warn-seconds"), 10) || 120;
  var signInUrl = dialog.getAttribute("data-sign-in-url");
  var keepAlive = dialog.querySelector("form[data-opencsc-keep-alive]");
  var countdown = dialog.querySelector("[data-opencsc-countdown]");
  var live = dialog.querySelector("[data-opencsc-countdown-live]");
  var KEY = "opencsc.lastActivity";
  var lastActivity = Date.now();
  var lastAnnounced = "";
  var returnFocus = null;
  if (!sessionSeconds || !keepAlive) return;

  function shared() {
    try {
      return parseInt(window.localStorage.getItem(KEY), 10) || 0;
    } catch (e) {
      return 0; // storage blocked: this tab keeps its own time
    }
  }

  function touch() {
    lastActivity = Date.now();
    try {
      window.localStorage.setItem(KEY, String(lastActivity));
    } catch (e) { /* storage blocked */ }
  }

  function secondsLeft() {
    return sessionSeconds - (Date.now() - Math.max(lastActivity, shared())) / 1000;
  }

  function inWords(seconds) {
    var s = Math.max(0, Math.ceil(seconds));
    if (s >= 60) {
      var m = Math.ceil(s / 60);
      return m + (m === 1 ? " minute" : " minutes");
    }
    return s + (s === 1 ? " second" : " seconds");
  }

  function open() {
    if (dialog.open) return;
    returnFocus = document.activeElement;
    lastAnnounced = "";
    dialog.showModal();
    dialog.focus(); // the dialog is read from its title and text
  }

  function close() {
    if (!dialog.open) return;
    dialog.close();
    if (returnFocus && typeof returnFocus.focus === "function") returnFocus.focus();
  }

  function signedOut() {
    var here = window.location.pathname + window.location.search;
    window.location.href = signInUrl + "?next=" + encodeURIComponent(here);
  }

  function stay(event) {
    if (event) event.preventDefault();
    fetch(keepAlive.action, {
      method: "POST",
      body: new FormData(keepAlive),
      credentials: "same-origin",
      headers: { "X-Opencsc-Keep-Alive": "1" },
      redirect: "manual"
    }).then(function (response) {
      if (response.status === 204) {
        touch();
        close();
      } else {
        signedOut(); // the session had already ended
      }
    }).catch(function () {
      keepAlive.submit(); // no connection from script: try the ordinary way
    });
  }

  function tick() {
    var left = secondsLeft();
    if (left <= 0) {
      signedOut();
      return;
    }
    if (left > warnSeconds) {
      close(); // another tab kept the session going
      return;
    }
    var words = inWords(left);
    countdown.textContent = words;
    // Announce each minute, then every 15 seconds in the last minute, not every second.
    var step = left > 60 ? words : inWords(Math.ceil(left / 15) * 15);
    if (step !== lastAnnounced) {
      lastAnnounced = step;
      live.textContent = "You will be signed out in " + step + ".";
    }
    open();
  }

  keepAlive.addEventListener("submit", stay);
  // Escape means "not now": keep the worker signed in rather than leave the warning unanswered.
  dialog.addEventListener("cancel", stay);
  // Typing in a form with drafts saves to the server, which renews the session.
  document.addEventListener("input", function (event) {
    if (event.target && event.target.closest && event.target.closest("form[data-opencsc-draft]")) {
      touch();
    }
  });
  touch();
  window.setInterval(tick, 1000);
})();
