/// <reference types="vite/client" />
// Vite's module types for the demo: `?url` and `?worker&url` imports and import.meta.glob.
