import { channelConfigurationJsonSchema } from './channel-configuration-json-schema';

describe('channelConfigurationJsonSchema', () => {
  it('describes every field, marks secrets, and allows unknown keys', () => {
    const schema = channelConfigurationJsonSchema('webhook') as {
      type: string;
      properties: Record<string, Record<string, unknown>>;
      required?: string[];
    };

    expect(schema.type).toBe('object');
    expect(schema.required).toBeUndefined();
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining(['url', 'headers', 'signing_secret', 'rate_limit_per_second']),
    );
    expect(schema.properties.signing_secret).toMatchObject({ type: 'string', 'x-secret': true });
    expect(schema.properties.url).toMatchObject({ format: 'uri', maxLength: 2048 });
    expect(schema.properties.rate_limit_per_second?.['x-secret']).toBeUndefined();
  });
});
