import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { PROBLEM_CONTENT_TYPE, httpProblem } from './problem';

const STATUS_BY_CODE: Record<string, number> = { ERR_HTTP_REQUEST_TIMEOUT: 408, HPE_HEADER_OVERFLOW: 431 };

/**
 * What a connection gets when Node cannot read a request at all (a request that took longer than
 * the request timeout, headers too large, bytes that are not HTTP): a problem document like every
 * other refusal, then the connection is closed, as Node itself would close it.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  // As Node does: nothing is written into a response already on its way (a pipelined request's
  // bad bytes behind an export), or to a peer that is gone.
  const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent === true;
  if (error.code === 'ECONNRESET' || !socket.writable || inFlight) {
    socket.destroy();
    return;
  }
  const status = STATUS_BY_CODE[error.code ?? ''] ?? 400;
  const detail = status === 408 ? 'The request did not arrive in time.' : status === 431 ? 'The request headers are too large.' : 'The request is not valid HTTP.';
  const body = JSON.stringify(httpProblem(status, detail));
  // Closed once written: the server keeps half-open sockets, which would otherwise wait for the peer.
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`, () => socket.destroy());
}
