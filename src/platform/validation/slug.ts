/**
 * An address part from a title: "Torggatan, gången vid Coop och Ica" →
 * "torggatan-gangen-vid-coop-och-ica" (å/ä → a, ö → o, anything else → one hyphen), at most
 * `maxLength` characters and never ending in a hyphen; `fallback` when nothing is left.
 */
export function slugify(text: string, maxLength: number, fallback: string): string {
  const slug = text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, maxLength)
    .replace(/-+$/g, '');
  return slug.length > 0 ? slug : fallback;
}
