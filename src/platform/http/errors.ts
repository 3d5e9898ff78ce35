// One error family with stable codes; the HTTP error handler turns each into HTML or JSON.
// Messages are i18n keys so the same error reads right in Swedish and English.

export type FieldErrors = Record<string, string>;

export abstract class AppError extends Error {
  abstract readonly status: number;
  abstract readonly code: string;
  constructor(readonly messageKey: string) {
    super(messageKey);
  }
}

export class ValidationError extends AppError {
  readonly status = 422;
  readonly code = 'validation_failed';
  constructor(
    readonly fields: FieldErrors,
    messageKey = 'errors.validation',
  ) {
    super(messageKey);
  }
}

export class NotFoundError extends AppError {
  readonly status = 404;
  readonly code = 'not_found';
  constructor(messageKey = 'errors.notFound') {
    super(messageKey);
  }
}

/** For callers who may know the resource exists (their own drafts); others get NotFoundError. */
export class ForbiddenError extends AppError {
  readonly status = 403;
  readonly code = 'forbidden';
  constructor(messageKey = 'errors.forbidden') {
    super(messageKey);
  }
}

export class UnauthenticatedError extends AppError {
  readonly status = 401;
  readonly code = 'unauthenticated';
  constructor(messageKey = 'errors.unauthenticated') {
    super(messageKey);
  }
}

/**
 * A bearer token (Authorization: Bearer …) that does not authenticate: unknown, malformed,
 * expired, revoked, or its person's account no longer active. Never read as "signed out": the
 * caller meant to be someone, and acting as nobody would answer a different question.
 */
export class InvalidTokenError extends AppError {
  readonly status = 401;
  readonly code = 'invalid_token';
  constructor() {
    super('errors.invalidToken');
  }
}

export class ConflictError extends AppError {
  readonly status = 409;
  readonly code = 'conflict';
  constructor(
    messageKey = 'errors.conflict',
    /** What is stored now, as the JSON API shows it, for a client to merge with: the answer's `error.current`. */
    readonly currentJson?: unknown,
  ) {
    super(messageKey);
  }
}

export class TooManyRequestsError extends AppError {
  readonly status = 429;
  readonly code = 'too_many_requests';
  constructor(
    readonly retryAfterSeconds: number,
    messageKey = 'errors.tooManyRequests',
  ) {
    super(messageKey);
  }
}

/** A request no person could have typed (a NUL character): refused before anything reads it. */
export class BadRequestError extends AppError {
  readonly status = 400;
  readonly code = 'bad_request';
  constructor(messageKey = 'errors.badRequest') {
    super(messageKey);
  }
}

export class CsrfError extends AppError {
  readonly status = 403;
  readonly code = 'csrf_failed';
  constructor() {
    super('errors.csrf');
  }
}

export class PayloadTooLargeError extends AppError {
  readonly status = 413;
  readonly code = 'payload_too_large';
  constructor(messageKey = 'errors.payloadTooLarge') {
    super(messageKey);
  }
}

export class UnsupportedMediaTypeError extends AppError {
  readonly status = 415;
  readonly code = 'unsupported_media_type';
  constructor(messageKey = 'errors.unsupportedMediaType') {
    super(messageKey);
  }
}
