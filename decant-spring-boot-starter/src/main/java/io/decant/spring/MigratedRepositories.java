package io.decant.spring;

import io.decant.Decant;
import io.decant.DecantException;
import io.decant.ErrorCode;
import io.decant.spi.Row;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.data.repository.CrudRepository;
import org.springframework.jdbc.core.ColumnMapRowMapper;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.ClassUtils;

/**
 * Wraps every Spring Data repository bean whose interface is {@link Migrated}: the calls that write
 * or read by id go through a {@link DecantRepository}, {@link NewStoreQuery} methods are routed by
 * phase (and, returning a collection, shadow-compared as one), and the rest are answered by legacy
 * while it is authoritative (see {@link Migrated}).
 */
final class MigratedRepositories implements BeanPostProcessor, BeanFactoryAware {
    private ConfigurableListableBeanFactory beanFactory;

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        this.beanFactory = (ConfigurableListableBeanFactory) beanFactory;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (!(bean instanceof CrudRepository<?, ?>)) {
            return bean;
        }
        for (Class<?> iface : ClassUtils.getAllInterfacesForClassAsSet(bean.getClass())) {
            Migrated migrated = AnnotationUtils.findAnnotation(iface, Migrated.class);
            if (migrated != null) {
                Class<?> entity = ResolvableType.forClass(iface).as(CrudRepository.class).resolveGeneric(0);
                if (entity == null) {
                    throw DecantException.badConfig(iface.getName() + ": cannot tell the entity type of this @Migrated repository");
                }
                checkNewStoreQueries(iface, entity);
                return Proxy.newProxyInstance(iface.getClassLoader(), ClassUtils.getAllInterfacesForClass(bean.getClass()),
                        new Routing(migrated.value(), (CrudRepository<?, ?>) bean, entity, iface));
            }
        }
        return bean;
    }

    /** Refuses, at startup, a {@link NewStoreQuery} method whose result is not the entity, an Optional of it or a collection. */
    private static void checkNewStoreQueries(Class<?> repository, Class<?> entity) {
        for (Method m : repository.getMethods()) {
            Class<?> returns = m.getReturnType();
            if (m.isAnnotationPresent(NewStoreQuery.class) && !Collection.class.isAssignableFrom(returns) && returns != Iterable.class
                    && returns != Optional.class && !(returns.isAssignableFrom(entity) && returns != Object.class)) {
                throw DecantException.badConfig(repository.getSimpleName() + "." + m.getName() + ": a @NewStoreQuery method returns"
                        + " the entity, an Optional of it or a collection of it, not " + returns.getSimpleName());
            }
        }
    }

    /** The calls of one migrated repository. */
    private final class Routing implements InvocationHandler {
        private final String migration;
        private final CrudRepository<Object, Object> legacy;
        private final Class<Object> entity;
        private final Class<?> repositoryInterface;
        private volatile DecantRepository<Object, Object> repository;
        private volatile JdbcTemplate newStore;

        @SuppressWarnings("unchecked")
        Routing(String migration, CrudRepository<?, ?> legacy, Class<?> entity, Class<?> repositoryInterface) {
            this.migration = migration;
            this.legacy = (CrudRepository<Object, Object>) legacy;
            this.entity = (Class<Object>) entity;
            this.repositoryInterface = repositoryInterface;
        }

        private DecantRepository<Object, Object> repository() {
            DecantRepository<Object, Object> r = repository;
            if (r == null) {
                synchronized (this) {
                    if (repository == null) {
                        repository = DecantRepository.of(beanFactory.getBean(Decant.class), migration, legacy, entity, legacyDataSource());
                    }
                    r = repository;
                }
            }
            return r;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            Object[] a = args == null ? new Object[0] : args;
            String name = method.getName();
            if (method.getDeclaringClass() == Object.class) {
                return name.equals("toString") ? "@Migrated(" + migration + ") " + legacy : invokeLegacy(method, a);
            }
            NewStoreQuery query = method.getAnnotation(NewStoreQuery.class);
            if (query != null) {
                Class<?> returns = method.getReturnType();
                boolean many = Collection.class.isAssignableFrom(returns) || returns == Iterable.class;
                // compared as a collection (of at most one element for a single result)
                List<Object> read = repository().readAll(repositoryInterface.getSimpleName() + "." + name + Arrays.toString(a),
                        () -> elements(invokeLegacy(method, a)), () -> newStoreQuery(query.value(), a));
                if (many) {
                    return Set.class.isAssignableFrom(returns) ? new LinkedHashSet<>(read) : read;
                }
                if (read.size() > 1) {
                    throw new DecantException(ErrorCode.FAILURE, repositoryInterface.getSimpleName() + "." + name + ": "
                            + read.size() + " rows answer a query of one " + entity.getSimpleName());
                }
                Object found = read.isEmpty() ? null : read.get(0);
                return returns == Optional.class ? Optional.ofNullable(found) : found;
            }
            switch (name) {
                case "save", "saveAndFlush" -> {
                    if (a.length == 1) {
                        return repository().save(a[0]);
                    }
                }
                case "saveAll", "saveAllAndFlush" -> {
                    if (a.length == 1 && a[0] instanceof Iterable<?> all) {
                        List<Object> out = new ArrayList<>();
                        for (Object e : all) {
                            out.add(repository().save(e));
                        }
                        return out;
                    }
                }
                case "deleteById" -> {
                    if (a.length == 1) {
                        repository().deleteById(a[0]);
                        return null;
                    }
                }
                case "delete" -> {
                    if (a.length == 1 && entity.isInstance(a[0])) {
                        repository().delete(a[0]);
                        return null;
                    }
                }
                case "deleteAllById" -> {
                    if (a.length == 1 && a[0] instanceof Iterable<?> ids) {
                        for (Object id : ids) {
                            repository().deleteById(id);
                        }
                        return null;
                    }
                }
                case "findById" -> {
                    if (a.length == 1) {
                        return repository().findById(a[0]);
                    }
                }
                case "existsById" -> {
                    if (a.length == 1) {
                        return repository().findById(a[0]).isPresent();
                    }
                }
                case "findAllById" -> {
                    if (a.length == 1 && a[0] instanceof Iterable<?> ids) {
                        @SuppressWarnings("unchecked")
                        Iterable<Object> all = (Iterable<Object>) ids;
                        return repository().findAllById(all);
                    }
                }
                default -> {
                }
            }
            if (!repository().phase().legacyIsAuthoritative()) {
                throw new DecantException(ErrorCode.FAILURE, repositoryInterface.getSimpleName() + "." + name + " is not routed by"
                        + " migration " + migration + ", and legacy is no longer authoritative (" + repository().phase()
                        + "): give it @NewStoreQuery, or use save, delete, deleteById or findById");
            }
            return invokeLegacy(method, a);
        }

        private Object invokeLegacy(Method method, Object[] a) {
            try {
                return method.invoke(legacy, a);
            } catch (InvocationTargetException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }

        /** A query method's result as a list: a collection's elements, an Optional's value, or the one entity. */
        private List<Object> elements(Object result) {
            List<Object> out = new ArrayList<>();
            if (result instanceof Iterable<?> all) {
                all.forEach(out::add);
            } else if (result instanceof Optional<?> o) {
                o.ifPresent(out::add);
            } else if (result != null) {
                out.add(result);
            }
            return out;
        }

        /** The DataSource the legacy repository's JPA uses: the legacy store's, else the primary one. */
        private DataSource legacyDataSource() {
            Decant decant = beanFactory.getBean(Decant.class);
            String store = decant.config().migration(migration).source().store();
            String bean = DecantAutoConfiguration.bindings(decant.config(), beanFactory.getBean(DecantProperties.class), beanFactory)
                    .get(store);
            return bean != null ? beanFactory.getBean(bean, DataSource.class) : beanFactory.getBean(DataSource.class);
        }

        private List<Object> newStoreQuery(String sql, Object[] args) {
            List<Map<String, Object>> rows = newStore().query(sql, new ColumnMapRowMapper(), args);
            List<Object> out = new ArrayList<>(rows.size());
            for (Map<String, Object> r : rows) {
                Map<String, Object> lower = new LinkedHashMap<>();
                r.forEach((k, v) -> lower.put(k.toLowerCase(java.util.Locale.ROOT), v));
                out.add(repository().entityOf(repository().target().toLegacy(new Row(lower))));
            }
            return out;
        }

        private JdbcTemplate newStore() {
            JdbcTemplate t = newStore;
            if (t == null) {
                Decant decant = beanFactory.getBean(Decant.class);
                String store = decant.config().migration(migration).target().store();
                String bean = DecantAutoConfiguration.bindings(decant.config(), beanFactory.getBean(DecantProperties.class), beanFactory)
                        .get(store);
                if (bean == null) {
                    throw DecantException.badConfig("@NewStoreQuery of " + repositoryInterface.getSimpleName() + ": the target store '"
                            + store + "' is not bound to a DataSource; set decant.stores." + store + ".data-source");
                }
                t = new JdbcTemplate(beanFactory.getBean(bean, DataSource.class));
                newStore = t;
            }
            return t;
        }
    }
}
