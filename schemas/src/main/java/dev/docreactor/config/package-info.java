/**
 * Rules every component applies to its configuration keys: an unknown key refuses the start, with the
 * closest known key as a suggestion ({@link dev.docreactor.config.KeySuggestions}).
 */
package dev.docreactor.config;
