// The room measurement's recorder worklet, compiled by Vite like the convolver's (see worklet-url.ts).
import recorderUrl from './recorder-processor.ts?worker&url';

export { recorderUrl };
