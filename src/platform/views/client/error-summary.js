// Moves focus to the error summary after a failed submit, so screen-reader and keyboard users
// land on the list of problems (each links to its field).
export function mount(summary) {
  summary.focus();
}
