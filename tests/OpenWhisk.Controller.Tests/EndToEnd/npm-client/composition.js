'use strict';
// A composition with openwhisk-composer's combinators: let, sequence, if, while and try, with inline actions.
const composer = require('openwhisk-composer');

module.exports = composer.let({ rounds: 0 },
  composer.sequence(
    composer.action('comp-double', { action: function (p) { return { n: p.n * 2 }; } }),
    composer.if(
      composer.action('comp-is-big', { action: function (p) { return { value: p.n > 10 }; } }),
      composer.action('comp-big', { action: function (p) { return { n: p.n, size: 'big' }; } }),
      composer.action('comp-small', { action: function (p) { return { n: p.n, size: 'small' }; } })),
    composer.while(
      composer.action('comp-below-100', { action: function (p) { return { value: p.n < 100 }; } }),
      composer.sequence(
        composer.action('comp-add-30', { action: function (p) { return { n: p.n + 30, size: p.size }; } }),
        composer.function(function (p) { rounds++; return p; }))),
    composer.function(function (p) { return { n: p.n, size: p.size, rounds: rounds }; }),
    composer.try(
      composer.action('comp-fail-above-100', { action: function (p) { return p.n > 100 ? { error: 'too big: ' + p.n } : p; } }),
      composer.action('comp-recover', { action: function (p) { return { recovered: p.error }; } }))));
