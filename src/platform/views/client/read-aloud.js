// "Lyssna på sidan": reads the main content with the browser's own speech synthesis. The button
// stays hidden where speech synthesis is missing, so nobody meets a control that does nothing.
export function mount(button) {
  // The decision is recorded on the button, so a test (or a curious developer) can tell "hidden
  // on purpose" from "the script never ran".
  if (!('speechSynthesis' in window) || typeof SpeechSynthesisUtterance === 'undefined') {
    button.dataset.readAloudState = 'unavailable';
    return;
  }
  const item = button.closest('[data-read-aloud]');
  if (item) item.hidden = false;
  button.dataset.readAloudState = 'ready';
  const startLabel = button.textContent;
  const stopLabel = button.dataset.labelStop || startLabel;
  let speaking = false;
  const reset = () => {
    speaking = false;
    button.textContent = startLabel;
    button.setAttribute('aria-pressed', 'false');
  };
  button.setAttribute('aria-pressed', 'false');
  button.addEventListener('click', () => {
    if (speaking) {
      window.speechSynthesis.cancel();
      reset();
      return;
    }
    const main = document.querySelector('main');
    if (!main) return;
    const utterance = new SpeechSynthesisUtterance(main.innerText);
    utterance.lang = document.documentElement.lang === 'en' ? 'en-GB' : 'sv-SE';
    utterance.onend = reset;
    utterance.onerror = reset;
    speaking = true;
    button.textContent = stopLabel;
    button.setAttribute('aria-pressed', 'true');
    window.speechSynthesis.speak(utterance);
  });
}
