/** Every user-visible string of `<rapport-lead-form>`; `{name}` marks where a value goes. */
export const leadFormStrings = {
  submit: 'Send',
  submitting: 'Sending…',
  requiredMarker: '(required)',
  choose: 'Choose…',
  required: 'Please fill in “{label}”.',
  requiredCheckbox: 'Please tick this box to continue.',
  choice: 'Please choose one of the options.',
  email: 'Please enter an email address, such as name@example.com.',
  phone: 'Please enter a phone number, such as +1 555 0100.',
  pattern: '“{label}” is not in the expected format.',
  tooShort: 'Please use at least {min} characters.',
  tooLong: 'Please use at most {max} characters.',
  needContact: 'Please enter your email address or your name.',
  problemsOne: 'Please correct the field marked below.',
  problemsOther: 'Please correct the {count} fields marked below.',
  success: 'Thank you! Your message has been sent.',
  queued: 'You seem to be offline. Your message is saved on this device and will be sent as soon as you are back online.',
  retrying: 'Your message could not be sent just now. It is saved on this device and will be sent automatically.',
  deliveredLater: 'Your earlier message has now been sent.',
  tooFast: 'That was quick! Please check your answers, then send the form again.',
  refused: 'Your message could not be sent. Please check the form and try again.',
  unavailable: 'This form is not available right now.',
  honeypot: 'Leave this field empty',
} satisfies Record<string, string>;

/** The keys of `<rapport-lead-form>`'s strings. */
export type LeadFormStrings = Record<keyof typeof leadFormStrings, string>;
