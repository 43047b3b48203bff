import { z } from 'zod';

/**
 * Plain-language validation messages for the console (the API keeps zod's own, which developers
 * read). A product manager sees "Required" or "Use a hex colour such as #4f46e5", not
 * "Too small: expected string to have >=1 characters".
 */
export function consoleMessage(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined || issue.input === null || issue.input === '') return 'Required';
      if (issue.expected === 'int') return 'Enter a whole number';
      return issue.expected === 'number' ? 'Enter a number' : undefined;
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string') return min <= 1 ? 'Required' : `Use at least ${min} characters`;
      if (issue.origin === 'array' || issue.origin === 'set')
        return min <= 1 ? 'Choose at least one' : `Choose at least ${min}`;
      return issue.inclusive === false ? `Must be more than ${min}` : `Must be ${min} or more`;
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'string') return `Use at most ${max} characters`;
      if (issue.origin === 'array' || issue.origin === 'set') return `Choose at most ${max}`;
      return issue.inclusive === false ? `Must be less than ${max}` : `Must be ${max} or less`;
    }
    case 'invalid_value':
      return issue.values.length <= 4
        ? `Choose one of: ${issue.values.map(String).join(', ')}`
        : 'Choose one of the options';
    case 'invalid_format':
      if (issue.format === 'regex' && String(issue.pattern).includes('[0-9a-fA-F]{6}'))
        return 'Use a hex colour such as #4f46e5';
      if (issue.format === 'url') return 'Enter a full address starting with https://';
      if (issue.format === 'email') return 'Enter an email address';
      if (issue.format === 'datetime' || issue.format === 'date') return 'Enter a date';
      return 'Not in the expected format';
    case 'not_multiple_of':
      return Number(issue.divisor) === 1 ? 'Enter a whole number' : `Must be a multiple of ${issue.divisor}`;
    default:
      return undefined;
  }
}

/** Called once at start-up: every schema the console checks with speaks plainly. */
export const installPlainMessages = () => z.config({ customError: consoleMessage });
