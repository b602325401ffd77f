// Where a wasm's bytes go, read from its sections and its `name` section (so run it on the
// wasm-bindgen output *before* wasm-opt, which strips the names). Prints the sections, the
// code grouped by crate family, and the largest functions. No dependencies.
// Usage: node bench/wasm-breakdown.mjs file.wasm [top-n]
import { readFileSync } from 'node:fs';

/** Parses the module: sections, per-function code sizes and their names, data bytes. */
export function analyse(buf) {
  let p = 8;
  const leb = () => {
    let r = 0, s = 0, b;
    do { b = buf[p++]; r += (b & 0x7f) * 2 ** s; s += 7; } while (b & 0x80);
    return r;
  };
  const str = () => { const n = leb(); const t = buf.toString('utf8', p, p + n); p += n; return t; };
  const sections = [];
  let imported = 0;
  const bodies = [];
  const names = new Map();
  let data = 0;
  while (p < buf.length) {
    const id = buf[p++];
    const size = leb();
    const start = p;
    const end = p + size;
    let name = ['custom', 'type', 'import', 'function', 'table', 'memory', 'global', 'export', 'start', 'element', 'code', 'data', 'datacount'][id] || `#${id}`;
    if (id === 0) {
      const cname = str();
      name = `custom:${cname}`;
      if (cname === 'name') {
        while (p < end) {
          const sub = buf[p++];
          const len = leb();
          const subEnd = p + len;
          if (sub === 1) {
            const n = leb();
            for (let i = 0; i < n; i++) { const idx = leb(); names.set(idx, str()); }
          }
          p = subEnd;
        }
      }
    } else if (id === 2) {
      const n = leb();
      for (let i = 0; i < n; i++) {
        str(); str();
        const kind = buf[p++];
        if (kind === 0) { leb(); imported++; }
        else if (kind === 1) { p++; const f = buf[p++]; leb(); if (f & 1) leb(); }
        else if (kind === 2) { const f = buf[p++]; leb(); if (f & 1) leb(); }
        else if (kind === 3) { p += 2; }
        else if (kind === 4) { p++; leb(); }
      }
    } else if (id === 10) {
      const n = leb();
      for (let i = 0; i < n; i++) { const len = leb(); bodies.push(len + 1); p += len; }
    } else if (id === 11) {
      data = size;
    }
    sections.push({ name, size: end - start });
    p = end;
  }
  const functions = bodies.map((size, i) => ({ size, name: clean(names.get(imported + i) || `func[${imported + i}]`) }));
  return { total: buf.length, sections, functions, data };
}

/** Drops the hash suffix of a Rust symbol and demangles the legacy `_ZN…E` form if present. */
function clean(name) {
  let n = name;
  const m = /^_ZN(.*)E$/.exec(n);
  if (m) {
    const parts = [];
    let s = m[1];
    while (s.length) {
      const l = /^(\d+)/.exec(s);
      if (!l) break;
      const len = Number(l[1]);
      parts.push(s.slice(l[1].length, l[1].length + len));
      s = s.slice(l[1].length + len);
    }
    n = parts.join('::').replace(/\$LT\$/g, '<').replace(/\$GT\$/g, '>').replace(/\$u20\$/g, ' ')
      .replace(/\$C\$/g, ',').replace(/\$RF\$/g, '&').replace(/\.\./g, '::').replace(/\$u7b\$/g, '{').replace(/\$u7d\$/g, '}');
  }
  // std's crates carry their disambiguator: `core[c5930c85a12de822]::fmt` → `core::fmt`.
  return n.replace(/::h[0-9a-f]{16}$/, '').replace(/\[[0-9a-f]{16}\]/g, '');
}

const FAMILIES = [
  ['leptos view + reactive (tachys, reactive_graph, leptos, …)', /^(tachys|reactive_graph|leptos|leptos_dom|leptos_macro|indexmap|slotmap|send_wrapper|futures\w*|any_spawner|or_poisoned|throw_error|hydration_context|oco_ref|either_of|next_tuple|guardian|erased)$/],
  ['Rust core/alloc/std, allocator', /^(core|alloc|std|dlmalloc|hashbrown|compiler_builtins|memchr|rustc_demangle)$/],
  ['Fluent (fluent_*, unic_langid, intl*)', /^(fluent\w*|unic_\w+|intl\w*|tinystr|type_map|self_cell|icu\w*|writeable|zerovec)$/],
  ['serde / serde_json', /^(serde\w*|ryu|itoa)$/],
  ['wasm-bindgen / js-sys / web-sys glue', /^(wasm_bindgen\w*|js_sys|web_sys|console_error_panic_hook|__wbg\w*|__wbindgen\w*)$/],
  ['sockbind-app', /^sockbind_app$/],
  ['sockbind-core', /^sockbind_core$/],
];

/** The crate a function belongs to: the first `crate::` path segment in its name. */
export function crateOf(name) {
  if (/^(__wbg|__wbindgen)/.test(name)) return '__wbg';
  const m = /([A-Za-z_][A-Za-z0-9_]*)::/.exec(name);
  return m ? m[1] : '(unnamed)';
}

export function familyOf(crate) {
  const f = FAMILIES.find(([, re]) => re.test(crate));
  return f ? f[0] : 'other';
}

/** Lines of text: sections, code by family (with the biggest crates), top functions. */
export function report(buf, top = 12) {
  const a = analyse(buf);
  const k = (n) => `${(n / 1024).toFixed(1)} KB`;
  const lines = [];
  const code = a.functions.reduce((s, f) => s + f.size, 0);
  lines.push(`  sections: ${a.sections.filter((s) => s.size > 512).map((s) => `${s.name} ${k(s.size)}`).join(', ')}`);
  const byFamily = new Map();
  const byCrate = new Map();
  for (const f of a.functions) {
    const c = crateOf(f.name);
    byCrate.set(c, (byCrate.get(c) || 0) + f.size);
    const fam = familyOf(c);
    byFamily.set(fam, (byFamily.get(fam) || 0) + f.size);
  }
  lines.push(`  code ${k(code)} by crate family (shallow, before wasm-opt):`);
  for (const [fam, size] of [...byFamily].sort((x, y) => y[1] - x[1])) {
    const crates = [...byCrate].filter(([c]) => familyOf(c) === fam).sort((x, y) => y[1] - x[1]).slice(0, 3)
      .map(([c, s]) => `${c} ${k(s)}`).join(', ');
    lines.push(`    ${k(size).padStart(9)} ${(100 * size / code).toFixed(0).padStart(3)} %  ${fam}  [${crates}]`);
  }
  lines.push(`  data (.rodata and statics) ${k(a.data)}`);
  lines.push(`  largest functions:`);
  for (const f of [...a.functions].sort((x, y) => y.size - x.size).slice(0, top)) {
    const name = f.name.length > 110 ? f.name.slice(0, 107) + '…' : f.name;
    lines.push(`    ${k(f.size).padStart(9)}  ${name}`);
  }
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(report(readFileSync(process.argv[2]), Number(process.argv[3] || 20)).join('\n'));
}
