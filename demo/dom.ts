/** Typed element lookup: a missing element is a bug in index.html, named in the error. */
export function byId<T extends HTMLElement>(id: string, type: new () => T): T {
  const element = document.getElementById(id);
  if (!(element instanceof type)) {
    throw new Error(`element #${id} is ${element === null ? 'missing' : element.tagName}; expected a ${type.name} in index.html`);
  }
  return element;
}

/** Linear gain of a level in dB; the slider's bottom (−60 dB) means off. */
export function gainOfDb(db: number): number {
  return db <= -60 ? 0 : 10 ** (db / 20);
}

/** A range input with its <output>: shows the formatted value and calls `apply` on every change. */
export function bindRange(id: string, format: (value: number) => string, apply: (value: number) => void): () => number {
  const input = byId(id, HTMLInputElement);
  const output = byId(`${id}-value`, HTMLOutputElement);
  const update = () => {
    const value = Number(input.value);
    output.value = format(value);
    input.setAttribute('aria-valuetext', output.value);
    apply(value);
  };
  input.addEventListener('input', update);
  update();
  return () => Number(input.value);
}

export function formatDb(db: number): string {
  return db <= -60 ? 'off' : `${db > 0 ? '+' : ''}${db.toFixed(1)} dB`;
}
