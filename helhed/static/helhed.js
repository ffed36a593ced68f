// Start the DKFDS components. Kept in a file (not inline) so a strict Content-Security-Policy can forbid inline scripts.
document.addEventListener("DOMContentLoaded", function () { window.DKFDS && window.DKFDS.init(); });

// The journal note of a held conversation is written from what was agreed, the citizen's own words and who took
// part, until the worker edits the note itself. Without JavaScript the server writes the same text
// (contact/appointments.py compose_note).
document.addEventListener("DOMContentLoaded", function () {
  var box = document.querySelector("[data-compose-note]");
  if (!box) { return; }
  var parts = JSON.parse(document.getElementById("note-parts").textContent);
  var note = box.querySelector("textarea");
  var agreed = document.getElementById("id_agreed");
  var words = document.getElementById("id_citizen_words");
  var checks = {
    citizen: document.getElementById("id_citizen_took_part"),
    bisidder: document.getElementById("id_bisidder_took_part"),
    interpreter: document.getElementById("id_interpreter_took_part")
  };
  var suggestion = box.dataset.suggestion;
  var firstLine = suggestion.split("\n")[0];
  var edited = note.value !== suggestion;  // a form shown again after an error keeps what the worker wrote
  note.addEventListener("input", function () { edited = true; });
  function ticked(name) { return checks[name] && checks[name].checked; }
  function compose() {
    if (edited) { return; }
    var names = (ticked("citizen") ? [parts.citizen] : []).concat(parts.staff);
    ["bisidder", "interpreter"].forEach(function (p) { if (ticked(p) && parts[p]) { names.push(parts[p]); } });
    var text = firstLine + "\n" + parts.template.replace("{names}", names.join(", "));
    var items = agreed.value.split("\n").map(function (line) { return line.replace(/^[\s\-•*]+/, "").trim(); })
      .filter(function (line) { return line; });
    if (items.length) { text += "\n\n" + box.dataset.agreedLabel + "\n" + items.map(function (i) { return "- " + i; }).join("\n"); }
    if (words.value.trim()) { text += "\n\n" + box.dataset.wordsLabel + " \"" + words.value.trim() + "\""; }
    note.value = text;
  }
  [agreed, words].forEach(function (field) { field.addEventListener("input", compose); });
  Object.keys(checks).forEach(function (k) { if (checks[k]) { checks[k].addEventListener("change", compose); } });
});
