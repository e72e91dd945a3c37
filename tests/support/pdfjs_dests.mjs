// Open a PDF with PDF.js (pdfjs-dist, as the Firefox viewer does for `file.pdf#name`) and
// resolve named destinations: `node pdfjs_dests.mjs NODE_MODULES FILE.pdf NAME…`.
// Prints JSON {name: null | {page, top, lines, margin}}: the 1-based page the destination
// opens, its top (PDF units, from the bottom), the text lines of that page (baseline y, font
// size, text; top-down) and the numbers standing in the page's margins (outside the text block).
import path from "node:path";
import { pathToFileURL } from "node:url";

const [modules, file, ...names] = process.argv.slice(2);
const pdfjs = await import(pathToFileURL(path.join(modules, "pdfjs-dist/legacy/build/pdf.mjs")).href);
const doc = await pdfjs.getDocument({ url: file, verbosity: 0 }).promise;

const pages = new Map();
async function pageText(index) {
  if (!pages.has(index)) {
    const content = await (await doc.getPage(index + 1)).getTextContent();
    const items = content.items.filter((i) => i.str && i.str.trim())
      .map((i) => ({ x: i.transform[4], y: i.transform[5], w: i.width, size: Math.abs(i.transform[3]), s: i.str }));
    // the text block: the extent of the long runs of text (lines of the body or the notes)
    const long = items.filter((i) => i.s.length > 12);
    const left = Math.min(...long.map((i) => i.x));
    const right = Math.max(...long.map((i) => i.x + i.w));
    const margin = items.filter((i) => /^\d+$/.test(i.s) && (i.x + i.w < left - 2 || i.x > right + 2))
      .map((i) => ({ n: Number(i.s), y: i.y }));
    const rows = new Map();
    for (const i of items) {
      const key = Math.round(i.y * 2) / 2;
      rows.set(key, [...(rows.get(key) || []), i]);
    }
    const lines = [...rows.entries()].sort((a, b) => b[0] - a[0])
      .map(([y, row]) => ({ y, size: Math.max(...row.map((i) => i.size)),
        text: row.sort((a, b) => a.x - b.x).map((i) => i.s).join("") }));
    pages.set(index, { lines, margin });
  }
  return pages.get(index);
}

const out = {};
for (const name of names) {
  const dest = await doc.getDestination(name);
  if (!dest) { out[name] = null; continue; }
  const index = await doc.getPageIndex(dest[0]);
  out[name] = { page: index + 1, kind: dest[1].name, top: dest[3], ...(await pageText(index)) };
}
process.stdout.write(JSON.stringify(out));
await doc.destroy();
