/**
 * Errors shown on the page in words (a denied microphone, an unreadable file), not only in the console. The
 * audio graph is left as it was, so whatever played before an error keeps playing.
 */
const shown: string[] = [];

function region(): HTMLElement {
  const element = document.getElementById('errors');
  if (element === null) throw new Error('element #errors is missing from index.html; expected the error region');
  return element;
}

/** Text of an unknown thrown value: DOMException and Error names are kept because they say what kind it was. */
export function describeError(error: unknown): string {
  if (error instanceof DOMException) return `${error.name}: ${error.message}`;
  if (error instanceof Error) return error.message;
  return String(error);
}

/** Shows `context: reason` on the page, with a button to dismiss it. */
export function showError(context: string, error: unknown): void {
  const text = `${context}: ${describeError(error)}`;
  shown.push(text);
  const line = document.createElement('p');
  const message = document.createElement('span');
  message.textContent = text;
  const dismiss = document.createElement('button');
  dismiss.type = 'button';
  dismiss.textContent = 'Dismiss';
  dismiss.setAttribute('aria-label', `Dismiss error: ${text}`);
  dismiss.addEventListener('click', () => line.remove());
  line.append(message, dismiss);
  region().append(line);
}

/** Every error shown since the page loaded (dismissed ones included), for the test hook. */
export function shownErrors(): readonly string[] {
  return shown;
}

/** Runs an async action from an event handler; a failure becomes a message on the page. */
export function guard(context: string, action: () => Promise<void> | void): () => void {
  return () => {
    try {
      const result = action();
      if (result instanceof Promise) result.catch((error: unknown) => showError(context, error));
    } catch (error) {
      showError(context, error);
    }
  };
}

/** Anything that escapes a handler still reaches the page. */
export function catchUncaught(): void {
  window.addEventListener('error', (event) => showError('Unexpected error', event.error ?? event.message));
  window.addEventListener('unhandledrejection', (event) => showError('Unexpected error', event.reason));
}
