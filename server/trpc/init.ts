import { initTRPC, TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { TRPC_ERROR_CODES_BY_KEY } from '@trpc/server/rpc';
import { z, ZodError } from 'zod';
import { AppError } from '../../core/errors/app-error';
import type { Context } from './context';

const t = initTRPC.context<Context>().create({
  errorFormatter({ shape, error }) {
    // An AppError thrown while a subscription streams arrives here wrapped as an internal error
    // (the middleware below has already returned): its own code and message still win.
    const appError = error.cause instanceof AppError ? error.cause : null;
    const code = appError?.code ?? error.code;
    const internal = code === 'INTERNAL_SERVER_ERROR';
    return {
      ...shape,
      code: TRPC_ERROR_CODES_BY_KEY[code],
      // Internal failures are logged in full and answered in general terms: no stack, no SQL.
      message: internal
        ? 'Something went wrong on our side. It has been logged; please try again.'
        : (appError?.message ?? shape.message),
      data: {
        code,
        httpStatus: getHTTPStatusCodeFromError(new TRPCError({ code })),
        path: shape.data.path,
        fieldErrors: error.cause instanceof ZodError ? z.flattenError(error.cause).fieldErrors : undefined,
        // e.g. a spec's problems as {path, message}, for the person (or program) to act on.
        details: appError?.details,
      },
    };
  },
});

/** Turns the services' AppErrors into tRPC errors with the same code and message. */
const appErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof AppError) {
    const { code, message } = result.error.cause;
    result.error = new TRPCError({ code, message, cause: result.error.cause });
  }
  return result;
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

export const publicProcedure = t.procedure.use(appErrors);

/**
 * A procedure for signed-in people and API tokens; `ctx.user` is non-null inside. `ctx.session` is
 * null for token requests (`ctx.authMethod` says which).
 */
export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user)
    throw new TRPCError({ code: 'UNAUTHORIZED', message: 'You are not signed in. Sign in and try again.' });
  return next({ ctx: { ...ctx, user: ctx.user } });
});

/** A procedure that needs a person's sign-in session (cookie), not an API token; `ctx.session` is non-null inside. */
export const sessionProcedure = protectedProcedure.use(({ ctx, next }) => {
  if (ctx.authMethod !== 'session' || !ctx.session) {
    throw new TRPCError({
      code: 'FORBIDDEN',
      message: 'This needs a signed-in session; a request made with an API token cannot do it.',
    });
  }
  return next({ ctx: { ...ctx, session: ctx.session } });
});

/** A procedure for admins only. */
export const adminProcedure = protectedProcedure.use(({ ctx, next }) => {
  if (ctx.user.role !== 'admin') throw new TRPCError({ code: 'FORBIDDEN', message: 'Only an admin can do this.' });
  return next();
});
