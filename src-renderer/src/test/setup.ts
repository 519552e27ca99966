/** Vitest setup of the renderer project: unmount what a test rendered (vitest runs without globals, so testing-library cannot register this itself). */
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

afterEach(() => {
  cleanup();
  localStorage.clear();
});
