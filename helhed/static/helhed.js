// Start the DKFDS components. Kept in a file (not inline) so a strict Content-Security-Policy can forbid inline scripts.
document.addEventListener("DOMContentLoaded", function () { window.DKFDS && window.DKFDS.init(); });
