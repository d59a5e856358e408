/**
 * The {@code entities} view: a dictionary of entities with their names and aliases ({@link
 * org.stepindex.indexer.entities.EntityDictionary}, matched with a Lucene FST over the text view's
 * words), the view that indexes each entity occurrence as one term of the entity's id ({@link
 * org.stepindex.indexer.entities.EntitiesView}), declared entity pairs indexed as one term per
 * sequence holding both ({@link org.stepindex.indexer.entities.EntityPairs}), and the QA entity
 * file that turns question and answer entities into an entity file and a pair file ({@link
 * org.stepindex.indexer.entities.QaEntityFile}).
 */
package org.stepindex.indexer.entities;
