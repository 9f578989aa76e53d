// Typed HTTP errors. Every error the API sends has the shape {error, details}; the status comes from
// the class, so a handler says what went wrong and the error middleware says it the same way everywhere.

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details: unknown = null,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class BadRequestError extends HttpError {
  constructor(message: string, details: unknown = null) { super(400, message, details); }
}
export class UnauthorizedError extends HttpError {
  constructor(message = 'authentication required', details: unknown = null) { super(401, message, details); }
}
export class ForbiddenError extends HttpError {
  constructor(message = 'not allowed', details: unknown = null) { super(403, message, details); }
}
export class NotFoundError extends HttpError {
  constructor(message = 'not found', details: unknown = null) { super(404, message, details); }
}
export class ConflictError extends HttpError {
  constructor(message: string, details: unknown = null) { super(409, message, details); }
}
export class PayloadTooLargeError extends HttpError {
  constructor(message: string, details: unknown = null) { super(413, message, details); }
}
export class UnsupportedMediaTypeError extends HttpError {
  constructor(message: string, details: unknown = null) { super(415, message, details); }
}
export class UnprocessableError extends HttpError {
  constructor(message: string, details: unknown = null) { super(422, message, details); }
}
export class TooManyRequestsError extends HttpError {
  constructor(message: string, readonly retryAfterSeconds: number) { super(429, message, { retryAfterSeconds }); }
}
export class ServiceUnavailableError extends HttpError {
  constructor(message: string, details: unknown = null) { super(503, message, details); }
}
