// Hands a file the page fetched (with credentials a plain link cannot carry,
// such as a visit link's Authorization header) to the browser's downloads.

export function saveFile(blob: Blob, fileName: string | null): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  // Without a name from the server, the browser picks one.
  link.download = fileName ?? "";
  document.body.append(link);
  link.click();
  link.remove();
  // Released once the click has been handled: the download holds its own copy, and the page would otherwise keep this one.
  setTimeout(() => URL.revokeObjectURL(url));
}
