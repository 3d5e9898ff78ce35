/** The address of a stored file: under the kommun whose pages show it (served by file.routes.ts). */
export function fileUrl(kommunSlug: string, fileId: string): string {
  return `/${kommunSlug}/filer/${fileId}`;
}
