package dev.docreactor.reactor.model;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The document models a reactor knows, by type name.
 *
 * <p>Normally built from the {@link DocumentModel} implementations that {@link ServiceLoader} finds on
 * the class path; {@link #of(DocumentModel...)} builds one from given models. The registry is immutable
 * and thread-safe (the models themselves must be stateless, as {@link DocumentModel} requires).
 */
public final class DocumentModelRegistry {

    /** By type; sorted so that {@link #models()} and error messages list types in a stable order. */
    private final Map<String, DocumentModel> byType;

    private final List<DocumentModel> models;

    private final List<String> types;

    /**
     * Loads the models that {@link ServiceLoader} finds with the thread context class loader, or with the
     * class loader of this class when the thread has none.
     *
     * @throws IllegalStateException if two models have the same type or a model has no type
     * @throws java.util.ServiceConfigurationError if a listed provider cannot be loaded or instantiated
     */
    public DocumentModelRegistry() {
        this(defaultClassLoader());
    }

    /**
     * Loads the models that {@link ServiceLoader} finds with {@code classLoader}.
     *
     * @throws IllegalStateException if two models have the same type or a model has no type
     * @throws java.util.ServiceConfigurationError if a listed provider cannot be loaded or instantiated
     */
    public DocumentModelRegistry(ClassLoader classLoader) {
        this(ServiceLoader.load(DocumentModel.class, classLoader));
    }

    private DocumentModelRegistry(Iterable<DocumentModel> models) {
        Map<String, DocumentModel> map = new TreeMap<>();
        for (DocumentModel model : models) {
            String type = model.type();
            if (type == null || type.isBlank()) {
                throw new IllegalStateException(
                        "document model " + model.getClass().getName() + " has no type name");
            }
            DocumentModel previous = map.putIfAbsent(type, model);
            if (previous != null) {
                throw new IllegalStateException("document type '" + type + "' is provided twice: by "
                        + previous.getClass().getName() + " and by " + model.getClass().getName());
            }
        }
        this.byType = map;
        this.models = List.copyOf(map.values());
        this.types = List.copyOf(map.keySet());
    }

    /**
     * A registry of exactly the given models, without service loading (for tests and embedding).
     *
     * @throws IllegalStateException if two models have the same type or a model has no type
     */
    public static DocumentModelRegistry of(DocumentModel... models) {
        return new DocumentModelRegistry(Arrays.asList(models));
    }

    /** The model of {@code type}, if one is registered. */
    public Optional<DocumentModel> find(String type) {
        return type == null ? Optional.empty() : Optional.ofNullable(byType.get(type));
    }

    /**
     * The model of {@code type}.
     *
     * @throws UnknownDocumentTypeException if no model of that type is registered; its message lists
     *     the registered types
     */
    public DocumentModel require(String type) {
        return find(type).orElseThrow(() -> new UnknownDocumentTypeException(type, types()));
    }

    /** All registered models, sorted by type. */
    public List<DocumentModel> models() {
        return models;
    }

    /** All registered type names, sorted. */
    public List<String> types() {
        return types;
    }

    private static ClassLoader defaultClassLoader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : DocumentModelRegistry.class.getClassLoader();
    }
}
