import { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';

/** The body of every answer that never reached GraphQL: the shape a GraphQL client already reads. */
export function httpErrorBody(message: string, code: string): { errors: { message: string; extensions: { code: string } }[] } {
  return { errors: [{ message, extensions: { code } }] };
}

/** What a body parser's error says to the client; its own message is not repeated (it names internals). */
function describeClientError(error: { status: number; type?: string; limit?: number }): { message: string; code: string } {
  switch (error.type) {
    case 'entity.parse.failed':
      return { message: 'The request body is not valid JSON.', code: 'BAD_REQUEST' };
    case 'entity.too.large':
      return { message: `The request body is larger than the limit${error.limit ? ` of ${error.limit} bytes` : ''}.`, code: 'PAYLOAD_TOO_LARGE' };
    case 'charset.unsupported':
      return { message: 'The request body has an unsupported charset; send UTF-8.', code: 'UNSUPPORTED_MEDIA_TYPE' };
    case 'encoding.unsupported':
      return { message: 'The request body has an unsupported content encoding.', code: 'UNSUPPORTED_MEDIA_TYPE' };
    case 'request.aborted':
      return { message: 'The request was aborted while its body was being read.', code: 'BAD_REQUEST' };
    default:
      if (error.status === 413) return { message: 'The request body is larger than the limit.', code: 'PAYLOAD_TOO_LARGE' };
      if (error.status === 415) return { message: 'The request body has an unsupported media type.', code: 'UNSUPPORTED_MEDIA_TYPE' };
      return { message: 'The request could not be read.', code: 'BAD_REQUEST' };
  }
}

/** The HTTP status an error asks for, when it is a client error (body-parser sets `status`, http-errors `statusCode`). */
function clientStatus(error: unknown): number | null {
  const e = error as { status?: unknown; statusCode?: unknown } | null;
  const status = typeof e?.status === 'number' ? e.status : typeof e?.statusCode === 'number' ? e.statusCode : null;
  return status !== null && status >= 400 && status < 500 ? status : null;
}

/**
 * The last error handler of an Express app: malformed JSON, an unsupported charset, a body over
 * the limit answer their 4xx as a JSON GraphQL error with a code; anything else is logged and
 * masked to INTERNAL_SERVER_ERROR. Express's own handler would answer an HTML page with the
 * stack and absolute paths, whatever NODE_ENV says.
 */
export function jsonHttpErrors(log: (message: string, detail?: unknown) => void): ErrorRequestHandler {
  return (error: unknown, _req: Request, res: Response, next) => {
    if (res.headersSent) return next(error);
    const status = clientStatus(error);
    if (status !== null) {
      const { message, code } = describeClientError({ ...(error as { type?: string; limit?: number }), status });
      return void res.status(status).json(httpErrorBody(message, code));
    }
    log('unexpected HTTP error', error);
    res.status(500).json(httpErrorBody('Internal server error', 'INTERNAL_SERVER_ERROR'));
  };
}

/** A path nobody serves: 404 as JSON (Express's default is an HTML page). */
export function jsonNotFound(): RequestHandler {
  return (_req: Request, res: Response) => void res.status(404).json(httpErrorBody('Nothing is served at this path.', 'NOT_FOUND'));
}
