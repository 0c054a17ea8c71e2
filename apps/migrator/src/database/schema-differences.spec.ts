import { compareSchemas, countDifferences, schemaObjectOf } from './schema-differences';

const column = (definition: string) => `column notes.body ${definition} null=YES default= #2`;

describe('compareSchemas', () => {
  it('counts a column whose type changed as one changed object, not a missing and an extra line', () => {
    const differences = compareSchemas(
      [column('text text  '), 'column notes.id integer int4   null=NO default= #1'],
      [
        column('character varying varchar 40 '),
        'column notes.id integer int4   null=NO default= #1',
      ],
    );

    expect(differences).toEqual({
      missing: [],
      extra: [],
      changed: [
        {
          object: 'column notes.body',
          expected: column('text text  '),
          live: column('character varying varchar 40 '),
        },
      ],
    });
    expect(countDifferences(differences)).toBe(1);
  });

  it('reports objects only one side has as missing or extra', () => {
    const differences = compareSchemas(
      ['index CREATE INDEX notes_body_idx ON public.notes USING btree (body)'],
      ['index CREATE UNIQUE INDEX notes_slug_key ON public.notes USING btree (slug)'],
    );

    expect(differences.missing).toEqual([
      'index CREATE INDEX notes_body_idx ON public.notes USING btree (body)',
    ]);
    expect(differences.extra).toEqual([
      'index CREATE UNIQUE INDEX notes_slug_key ON public.notes USING btree (slug)',
    ]);
    expect(countDifferences(differences)).toBe(2);
  });

  it('names each kind of object by what identifies it', () => {
    expect(schemaObjectOf('constraint notes.notes_pkey PRIMARY KEY (id)')).toBe(
      'constraint notes.notes_pkey',
    );
    expect(schemaObjectOf('index CREATE UNIQUE INDEX notes_slug_key ON public.notes (slug)')).toBe(
      'index notes_slug_key',
    );
    expect(schemaObjectOf('enum status draft,sent')).toBe('enum status');
    expect(schemaObjectOf('storage notes fillfactor=70')).toBe('storage notes');
    expect(schemaObjectOf('function touch(integer) 0cc175b9c0f1b6a831c399e269772661')).toBe(
      'function touch(integer)',
    );
    expect(
      schemaObjectOf(
        'trigger CREATE TRIGGER notes_touch BEFORE UPDATE ON public.notes FOR EACH ROW',
      ),
    ).toBe('trigger notes_touch');
    expect(schemaObjectOf('sequence notes_id_seq')).toBe('sequence notes_id_seq');
  });
});
