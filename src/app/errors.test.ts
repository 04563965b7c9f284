import { describe, expect, it } from 'vitest';
import { isAbortError, plainMessage } from './errors';

describe('errors', () => {
  it('gives the message as a sentence', () => {
    expect(plainMessage(new Error('The disk is full'))).toBe('The disk is full.');
    expect(plainMessage(new Error('Done!'))).toBe('Done!');
    expect(plainMessage('odd')).toBe('odd.');
    expect(plainMessage(new Error(''))).toBe('Error.');
  });

  it('recognises aborts, from DOM or not', () => {
    expect(isAbortError(new DOMException('The user aborted a request.', 'AbortError'))).toBe(true);
    expect(isAbortError(Object.assign(new Error('x'), { name: 'AbortError' }))).toBe(true);
    expect(isAbortError(new Error('x'))).toBe(false);
    expect(isAbortError(undefined)).toBe(false);
  });
});
