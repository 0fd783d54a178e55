// The worklet module's entry: registers the processor and exports nothing (some loaders wrap the source).
import { ConvolverProcessor } from './convolver-processor.js';
import { PROCESSOR_NAME } from './protocol.js';
import { registerProcessorInScope } from './worklet-scope.js';

registerProcessorInScope(PROCESSOR_NAME, ConvolverProcessor);
