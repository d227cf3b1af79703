import { AppException } from '../../../common/app-exception.js';

/** Awaits a fetch that must fail and hands back its AppException (anything else fails the test). */
export async function fetchFailure(pending: Promise<unknown>): Promise<AppException> {
  try {
    await pending;
  } catch (error) {
    if (error instanceof AppException) return error;
    throw error;
  }
  throw new Error('expected the fetch to fail, it succeeded');
}
