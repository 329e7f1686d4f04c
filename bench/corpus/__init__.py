"""Generated Refworld-form corpora: real layouts (``forms``), real vocabulary (``markov``), real tiers."""
