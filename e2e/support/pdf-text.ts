import { inflateSync } from "node:zlib";

/**
 * Just enough PDF reading to test what Chromium prints (no PDF library in the project, and CI has
 * no poppler): the page count, and the text, decoded through each font's ToUnicode map. Handles
 * what Chromium/Skia writes: Flate streams, Type0 Identity-H fonts, hex strings in Tj/TJ.
 */

interface PdfObject {
  dict: string;
  stream?: Buffer;
}

function objects(pdf: Buffer): Map<number, PdfObject> {
  const s = pdf.toString("latin1");
  const out = new Map<number, PdfObject>();
  const re = /(\d+) 0 obj\b/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) {
    const end = s.indexOf("endobj", m.index);
    const body = s.slice(m.index + m[0].length, end);
    const at = body.search(/stream\r?\n/);
    if (at < 0) {
      out.set(Number(m[1]), { dict: body });
      continue;
    }
    const dict = body.slice(0, at);
    const start = m.index + m[0].length + at + body.slice(at).match(/^stream\r?\n/)![0].length;
    const stop = s.lastIndexOf("endstream", end);
    let raw = pdf.subarray(start, stop);
    if (/\/FlateDecode/.test(dict)) raw = inflateSync(raw);
    out.set(Number(m[1]), { dict, stream: raw });
  }
  return out;
}

const hexChars = (hex: string, width: number) => Array.from({ length: Math.ceil(hex.length / width) }, (_, i) => parseInt(hex.slice(i * width, i * width + width).padEnd(width, "0"), 16));
const utf16 = (hex: string) => String.fromCharCode(...hexChars(hex, 4));

function toUnicode(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) for (const [, src, dst] of block[1].matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) map.set(parseInt(src, 16), utf16(dst));
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const [, lo, hi, dst] of block[1].matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) {
      const base = parseInt(dst, 16);
      for (let c = parseInt(lo, 16); c <= parseInt(hi, 16); c++) map.set(c, String.fromCharCode(base + c - parseInt(lo, 16)));
    }
  }
  return map;
}

export function pdfPageCount(pdf: Buffer): number {
  return (pdf.toString("latin1").match(/\/Type\s*\/Page\b(?!s)/g) ?? []).length;
}

/** The document's text, in content-stream order; runs of text separated by spaces or newlines. */
export function pdfText(pdf: Buffer): string {
  const objs = objects(pdf);
  const fonts = new Map<string, Map<number, string>>();
  for (const o of objs.values()) {
    for (const [, name, ref] of o.dict.matchAll(/\/(F\d+)\s+(\d+) 0 R/g)) {
      const font = objs.get(Number(ref));
      const tu = font && /\/ToUnicode\s+(\d+) 0 R/.exec(font.dict);
      const cmap = tu && objs.get(Number(tu[1]))?.stream;
      if (cmap) fonts.set(name, toUnicode(cmap.toString("latin1")));
    }
  }
  const pages = [...objs.values()].filter((o) => /\/Type\s*\/Page\b(?!s)/.test(o.dict));
  let text = "";
  for (const page of pages) {
    const refs = /\/Contents\s+(?:\[([^\]]*)\]|(\d+) 0 R)/.exec(page.dict);
    const ids = refs ? (refs[1] ? [...refs[1].matchAll(/(\d+) 0 R/g)].map((r) => Number(r[1])) : [Number(refs[2])]) : [];
    for (const id of ids) {
      const content = objs.get(id)?.stream?.toString("latin1") ?? "";
      let font = new Map<number, string>();
      // Tokens: a font selection, a text array or string with its operator, or the end of a text object.
      for (const t of content.matchAll(/\/(F\d+)\s+[\d.]+\s+Tf|\[((?:<[0-9a-fA-F]*>|\([^)]*\)|[^\]])*)\]\s*TJ|<([0-9a-fA-F]*)>\s*Tj|\bET\b|\bT[d*D]\b/g)) {
        if (t[1]) font = fonts.get(t[1]) ?? new Map();
        else if (t[2] !== undefined) {
          for (const part of t[2].matchAll(/<([0-9a-fA-F]*)>|(-?[\d.]+)/g)) {
            if (part[1] !== undefined) text += hexChars(part[1], 4).map((c) => font.get(c) ?? "").join("");
            else if (Number(part[2]) < -200) text += " ";
          }
        } else if (t[3] !== undefined) text += hexChars(t[3], 4).map((c) => font.get(c) ?? "").join("");
        else text += t[0] === "ET" ? "\n" : " ";
      }
    }
    text += "\n";
  }
  return text;
}
