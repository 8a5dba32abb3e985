"""Pure domain rules of the mock: inputs in, values out.

No Flask, no app state, no clock and no global random here, so every rule can be tested on its
own and the server stays deterministic for a given seed and clock.

- `edatool`: which EDA tool a set of uploaded file names belongs to.
- `bomcsv`: the help centre's BOM CSV rules.
- `pricing`: the quote model (offers and their breakdown lines).
- `pdf`: invoice and statement PDFs.
- `derived_bom`: a plausible BOM for a design uploaded without a BOM CSV.
"""
