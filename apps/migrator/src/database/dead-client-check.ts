/**
 * If this process dies mid-migration (SIGKILL, OOM, a node drained), PostgreSQL would otherwise
 * keep running the statement, holding the transaction and the migration lock, until it next writes
 * to the socket. PostgreSQL 14+ can poll the connection instead and roll back promptly.
 *
 * A select-list item rather than a `SET`, so it rides along with the migration lock's query (a
 * session takes the lock before it migrates anything) instead of costing a round trip of its own:
 * null, and nothing set, on a server older than 14.
 */
export const SET_DEAD_CLIENT_CHECK = `CASE WHEN current_setting('client_connection_check_interval', true) IS NOT NULL
         THEN set_config('client_connection_check_interval', '1s', false) END AS dead_client_check`;
