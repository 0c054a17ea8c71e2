import { describeValidation, validateTemplate } from './validate-template';

const definitions = {
  first_name: { type: 'string', required: true },
  company: { type: 'string', default: 'ACME' },
};

describe('validateTemplate', () => {
  it('accepts declared variables, built-ins and template locals', () => {
    const result = validateTemplate(
      {
        subject: 'Hello {{ first_name | capitalize }}',
        body_html:
          '{% assign greeting = "Hi" %}<p>{{ greeting }} {{ subscriber.email }}</p>' +
          '{% for id in publication.content_ids %}{{ forloop.index }}: {{ id }}{% endfor %}' +
          '<a href="{{ unsubscribe_url }}">unsubscribe</a>',
      },
      definitions,
    );
    expect(result).toMatchObject({ valid: true, syntaxErrors: [], undeclaredVariables: [] });
    expect(result.usedVariables).toEqual([
      'first_name',
      'publication',
      'subscriber',
      'unsubscribe_url',
    ]);
    expect(result.unusedVariables).toEqual(['company']);
  });

  it('names each undeclared variable once, at its first use', () => {
    const result = validateTemplate(
      {
        subject: 'Hi {{ first_name }}',
        payload: {
          items: [{ title: 'x' }, { title: 'line one\n  {{ coupon_code }} and {{ coupon_code }}' }],
        },
        body_text: '{{ plan.name }}',
      },
      definitions,
    );
    expect(result.valid).toBe(false);
    expect(result.undeclaredVariables).toEqual([
      { name: 'coupon_code', path: 'content_structure.payload.items[1].title', line: 2, column: 6 },
      { name: 'plan', path: 'content_structure.body_text', line: 1, column: 4 },
    ]);
    expect(describeValidation(result)).toContain(
      'content_structure.body_text (line 1, column 4): variable "plan" is not declared in variable_definitions',
    );
  });

  it('reports syntax errors with their location and keeps checking the other strings', () => {
    const result = validateTemplate(
      { subject: 'ok {{ first_name }}', body_text: 'first\n{% if first_name %}never closed' },
      definitions,
    );
    expect(result.valid).toBe(false);
    expect(result.syntaxErrors).toEqual([
      {
        path: 'content_structure.body_text',
        line: 2,
        column: 1,
        message: 'tag {% if first_name %} not closed',
      },
    ]);
  });

  it('rejects unknown filters (strict filters) and file tags (no includes in the sandbox)', () => {
    const result = validateTemplate(
      {
        subject: '{{ first_name | shell_exec }}',
        body_text: '{% include "/etc/passwd" %}',
        text: "{% render 'secrets' %}",
      },
      definitions,
    );
    expect(result.syntaxErrors.map((error) => error.message)).toEqual([
      'undefined filter: shell_exec',
      'tag "include" not found',
      'tag "render" not found',
    ]);
  });

  it('checks the definitions themselves', () => {
    const result = validateTemplate(
      { subject: 'x' },
      {
        'bad-name': { type: 'string' },
        count: { type: 'integer' },
        flag: { type: 'boolean', default: 'yes' },
        subscriber: { type: 'string' },
        loose: 'string',
      },
    );
    expect(result.invalidDefinitions).toEqual([
      {
        name: 'bad-name',
        message: 'is not a valid name (letters, digits and _, not starting with a digit)',
      },
      { name: 'count', message: 'type must be one of string, number, boolean' },
      { name: 'flag', message: 'default must be a boolean' },
      { name: 'subscriber', message: 'is a built-in variable and cannot be redefined' },
      { name: 'loose', message: 'must be an object {type, required?, default?, description?}' },
    ]);
  });
});
