// The `ready` answer (`/readyz`): whether crew is ready, and one line per problem if not.
export interface ReadyJson {
  readonly ready: boolean;
  readonly problems: readonly string[];
}
