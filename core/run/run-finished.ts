// The PostgreSQL notification the worker sends when it ends a run (its payload: the run id), so
// that the API can answer a caller waiting for the run without polling. The worker's finishRun
// statement sends it; the API's run-end watcher listens for it.
export const runFinishedChannel = 'run_finished';
