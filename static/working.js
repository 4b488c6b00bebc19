// Long actions (adding an article, confirming, importing, accepting sides) can take many seconds.
// A form marked data-working, once sent, disables its buttons, says "Working…" on the one pressed
// and shows the form's own words (the attribute's value) beside it, so it is not sent twice and
// the page says it is busy. No inline script: this file is loaded with `defer` from /static/.
// Without JavaScript the forms work as before, and the server takes a repeated form in its stride.
"use strict";

(function () {
  var BUTTONS = 'button[type="submit"], button:not([type]), input[type="submit"]';

  function busy(form, pressed) {
    var buttons = form.querySelectorAll(BUTTONS);
    for (var i = 0; i < buttons.length; i += 1) {
      buttons[i].disabled = true;
      buttons[i].setAttribute("aria-busy", "true");
    }
    var shown = pressed || buttons[0];
    if (shown) {
      shown.setAttribute("data-caption", shown.textContent);
      shown.textContent = "Working…";
    }
    var words = form.getAttribute("data-working");
    if (words && shown && !form.querySelector(".working-note")) {
      var note = document.createElement("span");
      note.className = "working-note";
      note.setAttribute("role", "status");
      note.textContent = words;
      shown.insertAdjacentElement("afterend", note);
    }
  }

  function ready(form) {
    form.removeAttribute("data-sent");
    var buttons = form.querySelectorAll(BUTTONS);
    for (var i = 0; i < buttons.length; i += 1) {
      buttons[i].disabled = false;
      buttons[i].removeAttribute("aria-busy");
      if (buttons[i].hasAttribute("data-caption")) {
        buttons[i].textContent = buttons[i].getAttribute("data-caption");
        buttons[i].removeAttribute("data-caption");
      }
    }
    var note = form.querySelector(".working-note");
    if (note) note.remove();
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-working")) return;
    if (form.hasAttribute("data-sent")) {
      event.preventDefault(); // a second press while the first is on its way
      return;
    }
    form.setAttribute("data-sent", "");
    var pressed = event.submitter || null;
    // After this event the browser reads the form, pressed button included: disable it then.
    window.setTimeout(function () { busy(form, pressed); }, 0);
  });

  // Back to a page from the browser's cache: its forms are ready again.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) return;
    var forms = document.querySelectorAll("form[data-sent]");
    for (var i = 0; i < forms.length; i += 1) ready(forms[i]);
  });
})();
