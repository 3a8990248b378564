// Uzbek Latin -> Cyrillic, enough for the demo's titles (the official correspondence table, digraphs
// first). It spares the data file a fourth copy of every title.
const PAIRS: [string, string][] = [
  ["o'", 'ў'],
  ['oʻ', 'ў'],
  ["g'", 'ғ'],
  ['gʻ', 'ғ'],
  ['sh', 'ш'],
  ['ch', 'ч'],
  ['yo', 'ё'],
  ['yu', 'ю'],
  ['ya', 'я'],
  ['ye', 'е'],
  ['a', 'а'],
  ['b', 'б'],
  ['d', 'д'],
  ['e', 'е'],
  ['f', 'ф'],
  ['g', 'г'],
  ['h', 'ҳ'],
  ['i', 'и'],
  ['j', 'ж'],
  ['k', 'к'],
  ['l', 'л'],
  ['m', 'м'],
  ['n', 'н'],
  ['o', 'о'],
  ['p', 'п'],
  ['q', 'қ'],
  ['r', 'р'],
  ['s', 'с'],
  ['t', 'т'],
  ['u', 'у'],
  ['v', 'в'],
  ['x', 'х'],
  ['y', 'й'],
  ['z', 'з'],
  ["'", 'ъ'],
  ['ʼ', 'ъ'],
];

function word(w: string): string {
  // Latin words such as "Wi-Fi" or "GTFS" stay as written (letters outside the Uzbek alphabet, or all caps).
  if (/[wc]/i.test(w.replace(/ch/gi, '')) || (w.length > 1 && w === w.toUpperCase() && /[A-Z]/.test(w))) return w;
  let out = '';
  for (let i = 0; i < w.length; ) {
    const rest = w.slice(i).toLowerCase();
    // A word-initial e is э.
    const hit = i === 0 && rest[0] === 'e' ? (['e', 'э'] as [string, string]) : PAIRS.find(([l]) => rest.startsWith(l));
    if (!hit) {
      out += w[i];
      i += 1;
      continue;
    }
    const upper = w[i] !== w[i].toLowerCase();
    out += upper ? hit[1][0].toUpperCase() + hit[1].slice(1) : hit[1];
    i += hit[0].length;
  }
  return out;
}

export function uzLatinToCyrillic(text: string): string {
  return text.replace(/[A-Za-zʻʼ']+/g, (w) => word(w));
}
