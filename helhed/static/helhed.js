// Start the DKFDS components. Kept in a file (not inline) so a strict Content-Security-Policy can forbid inline scripts.
document.addEventListener("DOMContentLoaded", function () { window.DKFDS && window.DKFDS.init(); });

// The journal note of a held conversation is written from what was agreed and the citizen's own words, until the
// worker edits the note itself. Without JavaScript the server writes the same text (contact/appointments.py).
document.addEventListener("DOMContentLoaded", function () {
  var box = document.querySelector("[data-compose-note]");
  if (!box) { return; }
  var note = box.querySelector("textarea");
  var agreed = document.getElementById("id_agreed");
  var words = document.getElementById("id_citizen_words");
  var header = box.dataset.suggestion;
  var edited = note.value !== header;  // a form shown again after an error keeps what the worker wrote
  note.addEventListener("input", function () { edited = true; });
  function compose() {
    if (edited) { return; }
    var text = header;
    var items = agreed.value.split("\n").map(function (line) { return line.replace(/^[\s\-•*]+/, "").trim(); })
      .filter(function (line) { return line; });
    if (items.length) { text += "\n\n" + box.dataset.agreedLabel + "\n" + items.map(function (i) { return "- " + i; }).join("\n"); }
    if (words.value.trim()) { text += "\n\n" + box.dataset.wordsLabel + " \"" + words.value.trim() + "\""; }
    note.value = text;
  }
  agreed.addEventListener("input", compose);
  words.addEventListener("input", compose);
});
