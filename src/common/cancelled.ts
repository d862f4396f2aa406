// Thrown when a person backs out of a flow (Esc, closing a picker): never shown as an error.
export class UserCancelled extends Error {
  override readonly name = 'UserCancelled';
  constructor() {
    super('Cancelled');
  }
}
