import { createApiClient } from '@obeya/sync';

/** The REST API on the same origin as the page. */
export const api = createApiClient();
