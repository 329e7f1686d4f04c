"""Benchmarks: corpus generation, speed, reliability and relevance, each in its folder."""
