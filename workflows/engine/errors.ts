// Refusals the engine raises to its host (never incidents: the caller did something invalid).

export class TaskRejectedError extends Error {
  constructor(
    readonly code: 'TaskNotOpen' | 'InvalidTaskInput' | 'SeparationOfDuties',
    message: string,
  ) {
    super(message);
    this.name = 'TaskRejectedError';
  }
}

export class NoIncidentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NoIncidentError';
  }
}
