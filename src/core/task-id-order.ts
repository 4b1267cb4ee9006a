/**
 * SQLite's order of TEXT (BINARY: UTF-8 bytes, which is code point order), which every store
 * lists tasks in. JavaScript's `<` compares UTF-16 units, which puts a code point above U+FFFF (a
 * surrogate pair) before U+E000–U+FFFF.
 */
export function compareTaskIds(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let index = 0; index < length; index++) {
    const x = a.charCodeAt(index);
    const y = b.charCodeAt(index);
    if (x === y) continue;
    const isSurrogateX = x >= 0xd800 && x <= 0xdfff;
    const isSurrogateY = y >= 0xd800 && y <= 0xdfff;
    return isSurrogateX === isSurrogateY ? x - y : isSurrogateX ? 1 : -1;
  }
  return a.length - b.length;
}
