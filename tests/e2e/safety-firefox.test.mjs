// The safety suite (safety-suite.mjs, written once for both browsers) in Firefox ESR.
import { safetySuite } from './safety-suite.mjs';

safetySuite(['firefox']);
