// A refusal from the API, as its error envelope says it (spec §2.6).
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
  }

  static async from(res: Response): Promise<ApiError> {
    let type = "api_error";
    let message = `${res.status} ${res.statusText}`;
    try {
      const body = (await res.json()) as { error?: { type?: string; message?: string } };
      if (body.error?.type) type = body.error.type;
      if (body.error?.message) message = body.error.message;
    } catch {
      // Not the envelope (a proxy in between): the status line says what there is to say.
    }
    return new ApiError(res.status, type, message);
  }
}

export const isPreconditionFailed = (err: unknown) =>
  err instanceof ApiError && err.type === "memory_precondition_failed_error";

export const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));
