// "Salin teks": copies the daily report's text for pasting into WhatsApp. The clipboard API
// needs a secure page (https or localhost) and the browser's leave; without them the text
// is selected and copied the old way, which every browser an office uses still does.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-copy]");
  if (!button) return;
  const source = document.getElementById(button.dataset.copy);
  const done = () => { button.textContent = button.dataset.copied; };
  const byHand = () => {
    source.select();
    if (document.execCommand("copy")) done();
  };
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(source.value).then(done, byHand);
  } else {
    byHand();
  }
});
