/** In-order commit with a bounded window: shared with the browser app, see core/run/inOrder.ts. */
export { processInOrder, type OrderedOptions } from '../core/run/inOrder';
