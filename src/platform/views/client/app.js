// Progressive enhancement: each island is a module named by data-module="…" on the element it
// enhances. Pages work without this file; it only adds what JavaScript can do better.
// The islands of the modules this app runs, by name: /assets/islands.js is written by the server
// from the manifests, so a module registers its own islands and this file never lists them.
import islands from '/assets/islands.js';

for (const element of document.querySelectorAll('[data-module]')) {
  for (const name of element.dataset.module.split(/\s+/)) {
    const url = islands[name];
    if (url) {
      import(url)
        .then((module) => module.mount(element))
        .catch((error) => console.error(`island ${name} failed`, error));
    }
  }
}
