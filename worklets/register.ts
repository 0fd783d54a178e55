// The module's entry, and it exports nothing (some loaders wrap the source). In an AudioWorkletGlobalScope it
// registers the processor; loaded as a module Worker it serves IR preparation (see prepare-service.ts).
import { ConvolverProcessor } from './convolver-processor.js';
import { isWorkerScope, servePrepareRequests } from './prepare-service.js';
import { PROCESSOR_NAME } from './protocol.js';
import { registerProcessorInScope } from './worklet-scope.js';

if (isWorkerScope()) servePrepareRequests();
else registerProcessorInScope(PROCESSOR_NAME, ConvolverProcessor);
