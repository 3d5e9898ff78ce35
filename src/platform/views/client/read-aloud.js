// "Lyssna på sidan": reads the main content with the browser's own speech synthesis. The button
// stays hidden where speech synthesis is missing, so nobody meets a control that does nothing.
export function mount(button) {
  if (!('speechSynthesis' in window) || typeof SpeechSynthesisUtterance === 'undefined') return;
  const item = button.closest('[data-read-aloud]');
  if (item) item.hidden = false;
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
